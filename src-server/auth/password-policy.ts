// What a password must be: long enough, not one of the passwords every guessing list starts with,
// and not the username repeated. Checked wherever a password is set (the admin API and the CLI).

export const MIN_PASSWORD_LENGTH = 12;

// The head of the common-password lists (the ones password sprays try first), in the forms that pass
// the length rule, Russian keyboard habits included. Compared case-insensitively.
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678910', '123456789123', '111111111111', '000000000000', '123123123123',
  'qwertyuiop12', 'qwertyuiopas', 'qwerty123456', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'zaq12wsxcde3', 'qazwsxedcrfv',
  'password1234', 'password123!', 'passw0rd1234', 'password12345', 'p@ssw0rd1234', 'p@ssword1234', 'administrator',
  'admin1234567', 'adminadmin12', 'welcome12345', 'letmein12345', 'iloveyou1234', 'monkey123456', 'dragon123456',
  'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'changeme1234', 'default12345', 'kartoteka123',
  'kartoteka2024', 'kartoteka2025', 'kartoteka2026', 'ytrewq123456', 'йцукенгшщзхъ', 'пароль123456', 'парольпароль',
  'qwertyqwerty', 'asdfghjkl123', 'zxcvbnm12345', 'abc123456789', 'abcdefghijkl', 'aaaaaaaaaaaa',
]);

/** Why a password may not be used, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  const p = password.normalize('NFKC');
  if ([...p].length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = p.toLowerCase();
  if (COMMON.has(lower)) return 'this password is on the lists attackers try first';
  if (new Set(lower).size < 4) return 'a password needs more than a few different characters';
  if (username.length >= 4 && lower === username.toLowerCase().repeat(Math.ceil(lower.length / username.length)).slice(0, lower.length)) return 'a password must not be the username';
  return null;
}
