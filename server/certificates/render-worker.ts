// A thread that draws certificate PDFs for the render pool; its fonts are loaded once, when it starts.
import { parentPort } from 'node:worker_threads';
import { renderCertificatePdf, type CertificateContent } from './pdf.ts';

parentPort!.on('message', (message: { id: number; content: CertificateContent }) => {
  renderCertificatePdf(message.content).then(
    (pdf) => parentPort!.postMessage({ id: message.id, pdf }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
