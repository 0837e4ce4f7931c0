import type { Surface } from '../conversation/types';
import type { EditorOutcome } from '../ledger/ledger';
import type { TaskFacts } from '../ledger/taskFacts';
import { addTask, emptySums, figuresOf, mergeSums, relabelTask, type FigureSums, type Figures } from './figures';

/** The shared figures of the tasks from one surface (the editor, the chat view, the model picker, the gateway, the CLI). */
export interface SurfaceRow extends Figures {
  readonly surface: Surface;
}

/** The shared figures of the tasks one client sent through one surface (`claude-code` through the gateway, an extension through the model picker). */
export interface ClientRow extends Figures {
  readonly surface: Surface;
  readonly client: string;
}

/** Where the tasks came from: a row per surface, and a row per client for the tasks whose caller is known; most tasks first. */
export interface Traffic {
  readonly surfaces: readonly SurfaceRow[];
  readonly clients: readonly ClientRow[];
}

/** The running sums behind Traffic: plain data, so that sums made apart (on worker threads) merge by adding. */
export interface TrafficSums {
  readonly surfaces: Map<Surface, FigureSums>;
  /** By surface, then client. */
  readonly clients: Map<Surface, Map<string, FigureSums>>;
}

export function emptyTraffic(): TrafficSums {
  return { surfaces: new Map(), clients: new Map() };
}

/** Adds one task to its surface's row and, when its caller is known, to its client's: the same figures as addTask. */
export function addTraffic(sums: TrafficSums, facts: TaskFacts, outcome: EditorOutcome | undefined, baselineUsd: number | undefined): void {
  addTask(sumsOf(sums.surfaces, facts.surface), facts, outcome, baselineUsd);
  if (facts.client !== undefined) addTask(sumsOf(clientsOf(sums, facts.surface), facts.client), facts, outcome, baselineUsd);
}

/** An outcome that arrived after its answered task was added: moves the task between kept and not kept in its rows, as relabelTask does in the totals. */
export function relabelTraffic(sums: TrafficSums, task: Pick<TaskFacts, 'surface' | 'client'>, baselineUsd: number | undefined, before: EditorOutcome | undefined, after: EditorOutcome | undefined): void {
  const surface = sums.surfaces.get(task.surface);
  if (surface !== undefined) relabelTask(surface, baselineUsd, before, after);
  const client = task.client === undefined ? undefined : sums.clients.get(task.surface)?.get(task.client);
  if (client !== undefined) relabelTask(client, baselineUsd, before, after);
}

export function mergeTraffic(into: TrafficSums, from: TrafficSums): void {
  for (const [surface, entry] of from.surfaces) mergeSums(sumsOf(into.surfaces, surface), entry);
  for (const [surface, clients] of from.clients) for (const [client, entry] of clients) mergeSums(sumsOf(clientsOf(into, surface), client), entry);
}

export function trafficOf(sums: TrafficSums): Traffic {
  const byTasks = (a: Figures, b: Figures) => b.tasks - a.tasks;
  return {
    surfaces: [...sums.surfaces].map(([surface, entry]) => ({ surface, ...figuresOf(entry) })).sort(byTasks),
    clients: [...sums.clients].flatMap(([surface, clients]) => [...clients].map(([client, entry]) => ({ surface, client, ...figuresOf(entry) }))).sort(byTasks),
  };
}

function clientsOf(sums: TrafficSums, surface: Surface): Map<string, FigureSums> {
  let clients = sums.clients.get(surface);
  if (clients === undefined) {
    clients = new Map();
    sums.clients.set(surface, clients);
  }
  return clients;
}

function sumsOf<K>(map: Map<K, FigureSums>, key: K): FigureSums {
  let entry = map.get(key);
  if (entry === undefined) {
    entry = emptySums();
    map.set(key, entry);
  }
  return entry;
}
