// No 0/O, 1/l/I: the password is read out or copied by hand to the new colleague.
const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A 12-character initial password that meets the API's rule (letters and digits, at least 10). */
export function generatePassword(length = 12): string {
  const alphabet = LETTERS + DIGITS;
  const random = crypto.getRandomValues(new Uint32Array(length));
  const chars = Array.from(random, (n) => alphabet[n % alphabet.length]);
  // Guarantee both kinds at fixed random positions rather than retrying.
  chars[random[0] % 6] = LETTERS[random[1] % LETTERS.length];
  chars[6 + (random[2] % 6)] = DIGITS[random[3] % DIGITS.length];
  return chars.join('');
}
