// A message's substitutions as Chrome and Firefox make them: `$1`…`$9` by the substitutions, `$$` as
// a dollar sign. Its own module, so a page that loads one language's table need not bundle them all.

export type Messages = Record<string, { message: string; description?: string }>;

export function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (substitutions[Number(what) - 1] ?? '')));
}
