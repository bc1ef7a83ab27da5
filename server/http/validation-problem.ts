import { describeSchemaIssues, type FieldProblem, type SchemaIssue } from '../../contract/validation-message.ts';

const partNames: Record<string, string> = {
  body: 'request body',
  querystring: 'query string',
  params: 'path',
  headers: 'headers',
};

/**
 * describeSchemaIssues, plus one case it words poorly: a value outside a fixed set (sort=bogus)
 * says "must be equal to one of the allowed values" (enum) or repeats "must be equal to
 * constant" per option (union of literals). We list the options instead.
 */
export function explainValidation(issues: readonly SchemaIssue[], part: string | undefined): FieldProblem {
  const first = issues[0];
  const options = first ? allowedValues(first, issues) : [];
  if (first && options.length > 0) {
    const field = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const list = options.map((o) => JSON.stringify(o)).join(', ');
    const message = options.length > 1 ? `must be one of ${list}` : `must be ${list}`;
    return withPart({ field, message: `${field || 'input'} ${message}`, rule: 'enum', options: list }, part);
  }
  const problem = describeSchemaIssues(issues);
  if (problem.field === '' && part === 'body') {
    return { field: '', message: 'The request body must be a JSON object with the documented fields', rule: 'type' };
  }
  return withPart(problem, part);
}

function allowedValues(first: SchemaIssue, issues: readonly SchemaIssue[]): unknown[] {
  if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues)) return first.params.allowedValues;
  if (first.keyword !== 'const') return [];
  return issues.filter((i) => i.keyword === 'const' && i.instancePath === first.instancePath).map((i) => i.params.allowedValue);
}

function withPart(problem: FieldProblem, part: string | undefined): FieldProblem {
  const name = part ? partNames[part] : undefined;
  return name ? { ...problem, message: `${problem.message} (${name})` } : problem;
}
