// The one file of a multipart/form-data upload (RFC 7578), for the few routes that take a file
// from a browser form. Small files only: the route's body limit holds the whole body in memory.

/** The content of the first part that carries a file (a filename), or of the part named `file`. */
export function fileOfMultipart(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const mark = boundary?.[1] ?? boundary?.[2]
  if (!mark) return undefined
  const delimiter = Buffer.from(`--${mark}`)
  let at = body.indexOf(delimiter)
  while (at >= 0) {
    const start = at + delimiter.length
    // The closing delimiter is followed by "--".
    if (body.subarray(start, start + 2).toString() === '--') return undefined
    const next = body.indexOf(delimiter, start)
    if (next < 0) return undefined
    const part = body.subarray(start, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8')
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ''
      if (/filename=/i.test(disposition) || /name="file"/i.test(disposition)) {
        // The part's content ends before the CRLF that precedes the next delimiter.
        const content = part.subarray(headerEnd + 4)
        return content.subarray(0, content.length >= 2 && content.subarray(-2).toString() === '\r\n' ? -2 : undefined)
      }
    }
    at = next
  }
  return undefined
}
