/**
 * Inserts a row under a freshly drawn random id, drawing again on a clash. `insert` must use
 * ON CONFLICT DO NOTHING and say whether its row went in: on PostgreSQL a unique-violation
 * error would abort the whole transaction, so clashes are never caught as errors.
 */
export async function insertWithFreshId(
  what: string,
  draw: () => string,
  insert: (id: string) => Promise<boolean>,
  attempts = 5,
): Promise<string> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const id = draw()
    if (await insert(id)) return id
  }
  throw new Error(`could not draw an unused ${what}`)
}
