/**
 * Reading a Server-Sent Events stream from a `fetch` response body (the browser's
 * `EventSource` cannot send an `Authorization` header). Only what crmkit's stream uses:
 * `id`, `event`, `data` and comments.
 */

/** One parsed event. */
export interface SseMessage {
  readonly id: string | undefined
  readonly event: string
  readonly data: string
}

/** The text of a UTF-8 body, chunk by chunk as it arrives (a character split across chunks is kept whole). */
export async function* textChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        const rest = decoder.decode()
        if (rest !== '') yield rest
        return
      }
      yield decoder.decode(value, { stream: true })
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

/** Yield the events of a `text/event-stream` body as they arrive. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  let buffer = ''
  let id: string | undefined
  let event = 'message'
  let data: string[] = []
  for await (const text of textChunks(body)) {
    buffer += text
    let newline = buffer.search(/\r\n|\r|\n/)
    while (newline >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1))
      if (line === '') {
        if (data.length > 0) yield { id, event, data: data.join('\n') }
        event = 'message'
        data = []
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        const raw = colon < 0 ? '' : line.slice(colon + 1)
        const text = raw.startsWith(' ') ? raw.slice(1) : raw
        if (field === 'data') data.push(text)
        else if (field === 'event') event = text
        else if (field === 'id') id = text
      }
      newline = buffer.search(/\r\n|\r|\n/)
    }
  }
}
