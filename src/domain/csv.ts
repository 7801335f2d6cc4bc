// CSV as Excel reads it (RFC 4180): fields quoted when they hold a comma, a quote or a line
// break, lines ended by CRLF, UTF-8 with a BOM so Chinese shows as Chinese.

/** The byte order mark: without it Excel reads UTF-8 as the machine's code page. */
export const BOM = '\uFEFF'

/**
 * A text cell. One that starts with =, +, -, @ (or a tab or carriage return, which Excel skips
 * before them) is a formula to a spreadsheet; a leading ' makes it text (OWASP's advice). A
 * plain number (-900.00) is left as it is: it is no formula, and Excel should sum it.
 */
export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** A line of cells: text escaped, numbers (which sfm writes itself) as they are. */
export const csvLine = (cells: readonly (string | number)[]): string =>
  `${cells.map((c) => (typeof c === 'number' ? String(c) : textCell(c))).join(',')}\r\n`

/** Integer fen as yuan with two decimals: -90000 → "-900.00". */
export function yuan(fen: number): string {
  const abs = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The rows of a CSV text: quoted fields may hold commas, quotes ("") and line breaks; a BOM
 * and a last empty line are ignored. Each row has the line number it started on.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let i = text.startsWith(BOM) ? 1 : 0
  const endRow = () => {
    cells.push(cell)
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells })
    cells = []
    cell = ''
  }
  for (; i < text.length; i++) {
    const ch = text.charAt(i)
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else cell += ch
  }
  if (cell !== '' || cells.length > 0) endRow()
  return rows
}
