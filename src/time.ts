/** Unix seconds: the unit of every time in the API and the database. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000)
