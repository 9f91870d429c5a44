import { render } from 'preact';
import { App } from './app';

render(<App loadedAt={Date.now()} />, document.getElementById('app')!);
