/** Id patterns shared by the CLI (`--only`) and the site (`runs="grid-*"`): `*` wildcards, comma-separated alternatives. */
export function globMatcher(pattern: string): (id: string) => boolean {
  const res = pattern
    .split(',')
    .map((p) => new RegExp(`^${p.trim().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (id) => res.some((r) => r.test(id));
}
