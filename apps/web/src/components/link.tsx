import type { ComponentChildren } from 'preact';
import { navigate } from '../route.js';

/** A real link (it opens in a new tab, and works by keyboard); a plain click moves in place. */
export function Link({
  href,
  children,
  class: className,
  current,
}: {
  href: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
}) {
  return (
    <a
      href={href}
      class={className}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
