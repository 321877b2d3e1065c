import { Worker } from 'node:worker_threads';
import { assertPrintable, renderCertificatePdf, type CertificateContent } from './pdf.ts';

export type RenderPdf = (content: CertificateContent) => Promise<Buffer>;

interface Pending {
  resolve(pdf: Buffer): void;
  reject(error: Error): void;
}

/**
 * Draws PDFs on `size` threads, so a bulk issuance uses every core (PDF drawing is the CPU-bound part).
 * Names are checked on the calling thread first, so a name no font can print fails the same way with
 * or without the pool. `size` 0 draws on the calling thread.
 */
export function createRenderPool(size: number): { render: RenderPdf; close(): Promise<void> } {
  if (size <= 0) return { render: renderCertificatePdf, close: async () => undefined };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./render-worker.ts', import.meta.url));
    worker.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      if (message.pdf) waiting.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      else waiting.reject(new Error(`certificate rendering failed: ${message.error}`));
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });
  const load = new Array<number>(size).fill(0);
  return {
    render(content) {
      assertPrintable(content);
      // The least busy thread: PDFs take about the same time, so this keeps every core fed.
      const index = load.indexOf(Math.min(...load));
      const id = nextId++;
      load[index]! += 1;
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[index]!.postMessage({ id, content });
      }).finally(() => {
        load[index]! -= 1;
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
