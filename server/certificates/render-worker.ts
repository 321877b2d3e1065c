// A thread that draws certificate PDFs for the render pool; its fonts are loaded once, when it starts.
import { parentPort } from 'node:worker_threads';
import { drawCertificatePdf, type CertificateContent } from './pdf.ts';

parentPort!.on('message', (message: { id: number; content: CertificateContent }) => {
  // The pool checked the names before sending them here.
  drawCertificatePdf(message.content).then(
    (pdf) => parentPort!.postMessage({ id: message.id, pdf }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
