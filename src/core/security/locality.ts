import type { ProviderKind, Target } from '../providers/types';

/** Where a target runs: on this machine (loopback, or a host the user declared local), or elsewhere. */
export interface Locality {
  readonly local: boolean;
  /** The host that decided it: the first one off this machine, else the first one. */
  readonly host: string;
  /** Local because the user listed the host in llmRouter.privacy.localHosts, not because it is loopback. */
  readonly declared: boolean;
}

/** Where each provider listens when a target names no endpoint. */
const DEFAULT_HOSTS: Record<ProviderKind, string> = { ollama: '127.0.0.1', 'openai-compatible': '127.0.0.1', anthropic: 'api.anthropic.com' };
const IPV4_RANGE = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

/**
 * The one rule for locality: a target is local when every endpoint it may be sent to is on this
 * machine (127.0.0.0/8, ::1, localhost, 0.0.0.0) or on a host the user declares local
 * (`llmRouter.privacy.localHosts`: names, addresses or IPv4 ranges such as 10.0.0.0/8). Claude
 * is never local, wherever its endpoint points.
 */
export function targetLocality(provider: ProviderKind, endpoints: readonly string[] | undefined, localHosts: readonly string[] = []): Locality {
  const hosts = endpoints === undefined || endpoints.length === 0 ? [DEFAULT_HOSTS[provider]] : endpoints.map(hostOf);
  if (provider === 'anthropic') return { local: false, host: hosts[0] ?? DEFAULT_HOSTS.anthropic, declared: false };
  const declared = localHosts.map((entry) => (IPV4_RANGE.test(entry.trim()) ? entry.trim() : hostOf(entry))).filter((host) => host !== '');
  let declaredUsed = false;
  for (const host of hosts) {
    if (isLoopback(host)) continue;
    if (declared.some((entry) => hostMatches(host, entry))) {
      declaredUsed = true;
      continue;
    }
    return { local: false, host, declared: false };
  }
  return { local: true, host: hosts.find((host) => !isLoopback(host)) ?? hosts[0] ?? '127.0.0.1', declared: declaredUsed };
}

/** "local-labels runs on 10.0.0.5 — not local" and the like; undefined for a target on loopback, which needs no word. */
export function localitySentence(targetId: string, provider: ProviderKind, locality: Locality): string | undefined {
  if (provider === 'anthropic') return undefined;
  if (!locality.local) return `${targetId} runs on ${locality.host} — not local`;
  if (locality.declared) return `${targetId} runs on ${locality.host} — local because llmRouter.privacy.localHosts lists it`;
  return undefined;
}

/** A badge for where an answer came from: `local`, `cloud` (Claude), or `remote (10.0.0.5)`. */
export function placeLabel(target: Target): string {
  const locality = target.locality ?? targetLocality(target.provider, target.endpoints);
  if (locality.local) return 'local';
  return target.provider === 'anthropic' ? 'cloud' : `remote (${locality.host})`;
}

/** The host of `http://h:1/v1`, `h:11434`, `[::1]:8080` or a bare host, lower case, without brackets. */
export function hostOf(endpoint: string): string {
  const text = endpoint.trim();
  if (text === '') return '';
  // A bare IPv6 address ("::1") is not a URL authority until bracketed.
  const candidate = /^[0-9a-f:]+$/i.test(text) && text.includes('::') ? `[${text}]` : text;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate) ? candidate : `http://${candidate}`);
    return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  } catch {
    return text.toLowerCase();
  }
}

/** Loopback, or the unspecified address (connecting to 0.0.0.0 or :: reaches this machine). */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '::' || host === '0.0.0.0') return true;
  const ipv4 = mappedIpv4(host) ?? host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

/** `::ffff:7f00:1` (how URL writes ::ffff:127.0.0.1) → 127.0.0.1. */
function mappedIpv4(host: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (match === null) return /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(host)?.[1];
  const high = parseInt(match[1] ?? '0', 16);
  const low = parseInt(match[2] ?? '0', 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function hostMatches(host: string, entry: string): boolean {
  const range = IPV4_RANGE.exec(entry);
  if (range === null) return host === entry;
  const address = ipv4Number(mappedIpv4(host) ?? host);
  const base = ipv4Number(range[1] ?? '');
  const bits = Number(range[2]);
  if (address === undefined || base === undefined || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (address & mask) >>> 0 === (base & mask) >>> 0;
}

function ipv4Number(text: string): number | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (parts === null) return undefined;
  const bytes = parts.slice(1).map(Number);
  if (bytes.some((byte) => byte > 255)) return undefined;
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}
