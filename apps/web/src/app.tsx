import { useEffect, useRef, useState } from 'preact/hooks';
import { instantsOf } from './as-of.js';
import { Layout } from './layout.js';
import { onNavigation, parseRoute, type Route } from './route.js';
import { Layers } from './views/layers.js';
import { Manager } from './views/manager.js';
import { Overview } from './views/overview.js';
import { Tree } from './views/tree.js';
import type { ViewContext } from './views/view-context.js';

const VIEWS: Record<Route['view'], (context: ViewContext) => preact.JSX.Element> = {
  overview: Overview,
  layers: Layers,
  tree: Tree,
  manager: Manager,
};

export function App({ loadedAt }: { loadedAt: number }) {
  const [route, setRoute] = useState(() => parseRoute(location.search));
  useEffect(() => onNavigation(() => setRoute(parseRoute(location.search))), []);
  useEffect(() => {
    document.title = `${route.org} · orghealth`;
  }, [route.org]);
  // Moving to another page of the dashboard starts at its top, with the keyboard there too; re-ranking
  // or a new date keeps focus where it was, on the control being used.
  const shown = useRef(`${route.view}:${route.id}`);
  useEffect(() => {
    const page = `${route.view}:${route.id}`;
    if (page === shown.current) return;
    shown.current = page;
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus();
  }, [route.view, route.id]);
  const View = VIEWS[route.view];
  return (
    <Layout route={route}>
      <View route={route} instants={instantsOf(route.asOf, loadedAt)} />
    </Layout>
  );
}
