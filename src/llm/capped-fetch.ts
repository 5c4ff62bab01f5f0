/** What a reply may weigh: a classification or a 400-character draft is a few kB; anything near this is a runaway. */
export const MAX_REPLY_BYTES = 256 * 1024;

export class ReplyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`LLM 回复超过 ${limit} 字节，已中止`);
    this.name = 'ReplyTooLargeError';
  }
}

/**
 * A fetch whose response body stops at `limit` bytes: the read fails and the connection is cancelled
 * past it, so a runaway or hostile server costs at most `limit` bytes of memory, whether the client
 * streams the reply or reads it whole. Every LangChain integration here is given this fetch.
 */
export function cappedFetch(inner: typeof fetch, limit = MAX_REPLY_BYTES): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    const res = await inner(input, { ...init, signal });
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      controller.abort();
      await res.body?.cancel().catch(() => undefined);
      throw new ReplyTooLargeError(limit);
    }
    if (!res.body) return res;
    const reader = res.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(out) {
        const { done, value } = await reader.read();
        if (done) return out.close();
        seen += value.byteLength;
        if (seen > limit) {
          controller.abort();
          await reader.cancel().catch(() => undefined);
          return out.error(new ReplyTooLargeError(limit));
        }
        out.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
}
