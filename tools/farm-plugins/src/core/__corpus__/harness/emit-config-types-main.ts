/** Child-process entry of emitConfigTypesBatch: manifests on stdin, generated files (or errors) on stdout. */
import { emitConfigTypes } from '../../emit/config-types';
import { loadManifest } from '../../manifest';
import type { TypegenJob, TypegenOutcome } from './emit-config-types-batch';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const jobs = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TypegenJob[];
  const out: TypegenOutcome[] = [];
  for (const job of jobs) {
    const { loaded } = loadManifest(job.text, job.file);
    if (!loaded) out.push({ files: [] });
    else {
      try {
        out.push({ files: await emitConfigTypes(loaded) });
      } catch (error) {
        out.push({ error: `${job.file}: ${(error as Error).message.split('\n')[0]}` });
      }
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
