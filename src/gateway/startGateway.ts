import { randomBytes } from 'node:crypto';
import type { RouterEngine } from '../core/engine/routerEngine';
import type { RecordSink } from '../core/engine/taskRecord';
import type { RouterSettings } from '../core/settings/routerSettings';
import { EngineGateway } from './engineGateway';
import { gatewayRoutes } from './routes';
import { startGatewayServer, type RunningGateway } from './server';

export interface GatewayStartOptions {
  readonly engine: RouterEngine;
  readonly settings: () => RouterSettings;
  readonly anthropicKey: () => Promise<string | undefined>;
  /** The ledger the engine writes to, for the requests Claude answers. */
  readonly sink?: RecordSink;
  readonly port: number;
  readonly token: string;
  readonly log?: (line: string) => void;
  readonly maxBodyBytes?: number;
}

/** The gateway for `llm-router serve` and VS Code's Start Local Gateway alike. */
export function startGateway(options: GatewayStartOptions): Promise<RunningGateway> {
  options.engine.scrubber.remember(options.token);
  const engine = new EngineGateway({ engine: options.engine, settings: options.settings, anthropicKey: options.anthropicKey, ...(options.sink === undefined ? {} : { sink: options.sink }) });
  return startGatewayServer({
    port: options.port,
    token: options.token,
    handler: gatewayRoutes({ engine }),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
}

/** A fresh per-install token (what clients put in their API-key field). */
export function newGatewayToken(): string {
  return `llmr-${randomBytes(24).toString('base64url')}`;
}

export const DEFAULT_GATEWAY_PORT = 4141;
