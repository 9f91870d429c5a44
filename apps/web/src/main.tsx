import { render } from 'preact';
import { App } from './app.js';

render(<App loadedAt={Date.now()} />, document.getElementById('app')!);
