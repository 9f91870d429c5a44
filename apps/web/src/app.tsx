import { useEffect, useState } from 'preact/hooks';
import { instantsOf } from './as-of';
import { Layout } from './layout';
import { onNavigation, parseRoute, type Route } from './route';
import { Layers } from './views/layers';
import { Manager } from './views/manager';
import { Overview } from './views/overview';
import { Tree } from './views/tree';
import type { ViewContext } from './views/view-context';

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
  const View = VIEWS[route.view];
  return (
    <Layout route={route}>
      <View route={route} instants={instantsOf(route.asOf, loadedAt)} />
    </Layout>
  );
}
