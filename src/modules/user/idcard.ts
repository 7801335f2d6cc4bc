const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** An 18-character PRC resident identity number whose last character is its GB 11643 check digit. */
export function isValidResidentId(code: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(code)) return false
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(code[i]), 0)
  return CHECK_CHARS[sum % 11] === code.charAt(17).toUpperCase()
}

/** Shows the region and last four, hides the birth date: enough for the owner to recognise it. */
export const maskResidentId = (code: string) => code.slice(0, 6) + '*'.repeat(8) + code.slice(14)
