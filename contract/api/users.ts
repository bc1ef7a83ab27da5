import { Type, type Static } from 'typebox';
import { Role } from './auth.ts';
import { IsoDateTime, Uuid } from './ids.ts';
import { ListQuery, Page } from './lists.ts';

/** A member of the current tenant: the person and the role and scope they hold here. */
export const Member = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  /** Groups the member is limited to; null = all groups. */
  groupIds: Type.Union([Type.Array(Uuid), Type.Null()]),
  createdAt: IsoDateTime,
});
export type Member = Static<typeof Member>;

export const memberSortFields = ['username', 'displayName', 'role', 'createdAt'] as const;
export const MemberListQuery = ListQuery(memberSortFields, {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Matches username or display name.' })),
  role: Type.Optional(Role),
});
export type MemberListQuery = Static<typeof MemberListQuery>;
export const MemberList = Page(Member);
export type MemberList = Static<typeof MemberList>;

/**
 * The one normalisation of usernames (issue 15, S3): Unicode NFKC, then case folding
 * (lower-, upper-, then lower-casing folds ẞ and ß → ss and final sigma like Unicode case folding does, which
 * plain lower-casing does not). The fleet cloud stores usernames in this form and looks them up
 * and throttles sign-ins by it, so a look-alike spelling either is the same account, with the
 * same failure count, or is no account at all.
 */
export function usernameKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-zA-Z0-9._@-]+$' });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
const GroupIds = Type.Union([Type.Array(Uuid, { uniqueItems: true, maxItems: 100 }), Type.Null()]);

/** A tenant admin creates a user and makes them a member in one step. */
export const CreateUserRequest = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    password: Password,
    role: Role,
    groupIds: Type.Optional(GroupIds),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const UpdateMemberRequest = Type.Object(
  {
    role: Type.Optional(Role),
    groupIds: Type.Optional(GroupIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberRequest = Static<typeof UpdateMemberRequest>;

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const passwordRules = {
  minLength: 10,
  maxLength: 1024,
};

/**
 * The password rules, shared so the console can explain them before the server refuses.
 * Length over composition (NIST SP 800-63B): at least 10 characters, not the username, not one
 * repeated character, not a well-known password. Returns the rule broken, or null when acceptable.
 */
export function passwordRule(password: string, username: string): PasswordRuleBroken | null {
  if (password.length < passwordRules.minLength) return { rule: 'min-length', limit: passwordRules.minLength };
  if (password.length > passwordRules.maxLength) return { rule: 'max-length', limit: passwordRules.maxLength };
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return { rule: 'contains-username' };
  if (new Set(lower).size < 4) return { rule: 'few-characters', limit: 4 };
  if (commonPasswords.has(lower)) return { rule: 'common' };
  return null;
}

/** Which password rule was broken (the reason 'password-weak' carries it as its params). */
export type PasswordRuleBroken = { rule: 'min-length' | 'max-length' | 'few-characters'; limit: number } | { rule: 'contains-username' | 'common'; limit?: undefined };

/** The English fallback for API consumers and logs, after the field name. */
export function passwordProblemText(broken: PasswordRuleBroken): string {
  switch (broken.rule) {
    case 'min-length': return `must be at least ${broken.limit} characters long`;
    case 'max-length': return `must be at most ${broken.limit} characters long`;
    case 'contains-username': return 'must not contain the username';
    case 'few-characters': return `must use at least ${broken.limit} different characters`;
    case 'common': return 'is a well-known password; choose another';
  }
}

const commonPasswords = new Set([
  'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'qwerty12345', 'iloveyou12',
  'abcdefghij', 'passw0rd123', 'welcome123', 'letmein123', 'administrator', 'changeme123', 'sommar2024',
]);
