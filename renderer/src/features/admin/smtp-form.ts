import type { SmtpSettings } from '../../../../contract/api/provider-settings.ts';
import { field } from './use-admin.ts';

/** The SMTP fields of the provider form; an empty password keeps the stored one (it is write-only). */
export function smtpFromForm(form: FormData): SmtpSettings {
  const security = field(form, 'security');
  const password = String(form.get('password') ?? '');
  return {
    host: field(form, 'host'),
    port: Number(field(form, 'port')),
    security: security === 'tls' || security === 'none' ? security : 'starttls',
    username: field(form, 'username'),
    from: field(form, 'from'),
    ...(password ? { password } : {}),
  };
}
