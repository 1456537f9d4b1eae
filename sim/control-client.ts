// The CLI's side of the control endpoint: JSON over HTTP to a running simulator, with errors a person can act on.
import { CliError } from './cli-modes.js';

export class ControlClient {
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  get<T = unknown>(command: string): Promise<T> {
    return this.request<T>('GET', command);
  }

  post<T = unknown>(command: string, body: unknown): Promise<T> {
    return this.request<T>('POST', command, body);
  }

  private async request<T>(method: string, command: string, body?: unknown): Promise<T> {
    const urlHost = this.host.includes(':') ? `[${this.host}]` : this.host;
    let res: Response;
    try {
      res = await fetch(`http://${urlHost}:${this.port}/control/${command}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new CliError(`No simulator on port ${this.port}. Start one with \`npm run sim\`.`);
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      throw new CliError(`Port ${this.port} answered, but not like a simulator (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const error = typeof data === 'object' && data !== null && 'error' in data ? String(data.error) : text;
      throw new CliError(`Simulator refused: ${error} (HTTP ${res.status})`);
    }
    return data as T;
  }
}
