import { parentPort, workerData } from 'node:worker_threads';
import type { ReportJob } from './reportJob';
import { tallyRange } from './tallyRange';

/** A worker thread's share of a report: tallies its byte range and posts the tally back. */
void tallyRange(workerData as ReportJob).then((result) => parentPort?.postMessage(result));
