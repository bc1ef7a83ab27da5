const rules = new Intl.PluralRules('en');

/**
 * "1 vehicle", "2 vehicles", "0 vehicles": the console's words are English, so English plural
 * rules pick the word; the number itself follows `format` (the tenant's locale where given).
 */
export function countOf(count: number, one: string, other: string, format: (n: number) => string = String): string {
  return `${format(count)} ${rules.select(count) === 'one' ? one : other}`;
}
