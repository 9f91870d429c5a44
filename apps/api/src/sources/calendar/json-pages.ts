/**
 * The items of a JSON export: one API answer (`{ [key]: [...] }`) or an array
 * of such pages. JSON comes parsed by the HTTP layer, within its body limit:
 * an API page holds at most a few thousand events, so large exports are
 * sent as several requests.
 */
export function itemsOfPages(body: unknown, key: 'items' | 'value'): { items: unknown[] } | { error: string } {
  const pages = Array.isArray(body) ? body : [body];
  const items: unknown[] = [];
  for (const [index, page] of pages.entries()) {
    const list = (page as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(list)) return { error: `page ${index + 1} has no "${key}" array` };
    items.push(...list);
  }
  return { items };
}
