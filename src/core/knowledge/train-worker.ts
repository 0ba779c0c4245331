/**
 * Worker-thread entry (see worker-trainer.ts): for each knowledge base it is sent, trains the
 * matcher's model on it and sends the model's snapshot back.
 */
import { parentPort } from 'node:worker_threads';
import { MatcherModel } from '../matching/model.js';
import type { KnowledgeBase } from './load.js';

const port = parentPort;
if (!port) throw new Error('train-worker runs as a worker thread only');
// A training error is left uncaught: it ends the worker, and the main thread trains itself.
port.on('message', (kb: KnowledgeBase) => port.postMessage(MatcherModel.train(kb).snapshot()));
