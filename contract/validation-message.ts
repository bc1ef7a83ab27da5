/** The parts of a JSON-Schema validation error (TypeBox and Ajv agree on these) we explain. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

export interface FieldProblem {
  /** Dotted path of the field, '' for the object itself. */
  field: string;
  /** English, for API consumers and logs. */
  message: string;
  /** The schema rule broken (JSON-Schema keyword: required, maxLength, type, …), for wording it elsewhere. */
  rule: string;
  /** The rule's bound, where it has one (maxLength 120, minimum 0, …). */
  limit?: number;
  /** The accepted values, where the rule is a fixed set ("a", "b"). */
  options?: string;
}

const toField = (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '.');
const join = (base: string, key: string) => (base ? `${base}.${key}` : key);

/**
 * Turns the first useful schema issue into a sentence naming the field and the reason. Missing
 * and unexpected fields are reported by name rather than as an error on the parent object.
 */
export function describeSchemaIssues(issues: readonly SchemaIssue[]): FieldProblem {
  const useful = issues.filter((i) => i.keyword !== 'boolean');
  const issue = useful[0] ?? issues[0];
  if (!issue) return { field: '', message: 'is not valid', rule: 'invalid' };
  const base = toField(issue.instancePath);
  const { params } = issue;
  if (issue.keyword === 'required') {
    const names = (params.requiredProperties as string[] | undefined) ?? [params.missingProperty as string];
    const first = names[0] ?? '';
    return { field: join(base, first), message: `${join(base, first)} is required`, rule: 'required' };
  }
  if (issue.keyword === 'additionalProperties') {
    const extra = (params.additionalProperties as string[] | undefined)?.[0] ?? (params.additionalProperty as string);
    return { field: join(base, extra), message: `${join(base, extra)} is not an accepted field`, rule: 'additionalProperties' };
  }
  const reason = issue.message ?? 'is not valid';
  const limit = typeof params.limit === 'number' ? { limit: params.limit } : {};
  return { field: base, message: base ? `${base} ${reason}` : `input ${reason}`, rule: issue.keyword, ...limit };
}
