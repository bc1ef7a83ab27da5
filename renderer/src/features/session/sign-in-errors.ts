import { BridgeError } from '../../../../contract/bridge/bridge-error.ts';
import { emptyFieldText, errorText, signInUnexpectedText } from '../../ui/error-text.ts';

export const signInFields = ['serverUrl', 'username', 'password'] as const;
export type SignInField = (typeof signInFields)[number];

export interface SignInProblems {
  fields: Partial<Record<SignInField, string>>;
  /** Shown above the form when no single field is at fault (server down, throttled…). */
  form: string | null;
  /** Where the cursor goes after a form-level error: where the user most likely acts next. */
  focus?: SignInField;
}

export const noProblems: SignInProblems = { fields: {}, form: null };

const isSignInField = (value: string | undefined): value is SignInField =>
  signInFields.includes(value as SignInField);

/** Where a failed sign-in is shown: next to the field the engine named, or for the whole form. */
export function placeSignInError(error: unknown): SignInProblems {
  if (!(error instanceof BridgeError)) {
    return { fields: {}, form: signInUnexpectedText, focus: 'password' };
  }
  const field = isSignInField(error.field) ? error.field : error.code === 'bad-server-url' ? 'serverUrl' : null;
  // The words come from the one error catalogue; this file only decides where they are shown.
  const text = errorText(error);
  if (field) return { fields: { [field]: text }, form: null };
  return { fields: {}, form: text, focus: error.code === 'server-unreachable' ? 'serverUrl' : 'password' };
}

/** Checks done before asking the engine, so an empty field is named at once. */
export function checkSignInForm(values: Record<SignInField, string>): SignInProblems {
  const fields: SignInProblems['fields'] = {};
  if (!values.serverUrl.trim()) fields.serverUrl = emptyFieldText.serverUrl;
  if (!values.username.trim()) fields.username = emptyFieldText.username;
  if (!values.password) fields.password = emptyFieldText.password;
  return { fields, form: null };
}

export const hasProblems = (problems: SignInProblems) =>
  problems.form !== null || Object.keys(problems.fields).length > 0;
