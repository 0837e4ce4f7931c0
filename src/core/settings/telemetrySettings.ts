import type { TelemetrySettings } from '../telemetry/otlpTelemetry';
import type { RawSettingReader, SettingProblem } from './routerSettings';

export const DEFAULT_TELEMETRY_SETTINGS: TelemetrySettings = { otlpEndpoint: '', headers: {}, serviceName: 'llm-router' };

/** OpenTelemetry export: off unless an OTLP/HTTP endpoint is set. */
export function readTelemetrySettings(read: RawSettingReader, problems: SettingProblem[]): TelemetrySettings {
  const endpoint = read('llmRouter.telemetry.otlpEndpoint');
  const headers = read('llmRouter.telemetry.headers');
  const serviceName = read('llmRouter.telemetry.serviceName');
  let otlpEndpoint = '';
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') {
    if (typeof endpoint === 'string' && /^https?:\/\/\S+$/.test(endpoint.trim())) otlpEndpoint = endpoint.trim();
    else problems.push({ setting: 'llmRouter.telemetry.otlpEndpoint', message: 'llmRouter.telemetry.otlpEndpoint must be an http(s) address such as http://collector:4318; nothing is exported.' });
  }
  let headerValues: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers === 'object' && !Array.isArray(headers) && Object.values(headers).every((value) => typeof value === 'string')) headerValues = headers as Record<string, string>;
    else problems.push({ setting: 'llmRouter.telemetry.headers', message: 'llmRouter.telemetry.headers must map header names to text; none are sent.' });
  }
  return { otlpEndpoint, headers: headerValues, serviceName: typeof serviceName === 'string' && serviceName.trim() !== '' ? serviceName.trim() : DEFAULT_TELEMETRY_SETTINGS.serviceName };
}
