import { AdaptiveLimit, type Limiter } from './adaptive-limit.js';
import { ProviderError } from './chat.js';
import { RateGate } from './rate-gate.js';

/**
 * One server (one base URL), shared by every judge and replica set sending to it: its adaptive
 * limit, and its 429 gate, so two judges on one server back off together while another server
 * (a second replica) is not held up by this one's rate limit.
 */
export class Endpoint implements Limiter {
  readonly gate = new RateGate();
  readonly limit: AdaptiveLimit;

  constructor(max: number) {
    this.limit = new AdaptiveLimit(max);
  }

  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.gate.wait(signal);
    return this.limit.run(async () => {
      try {
        const value = await call();
        this.gate.succeeded();
        return value;
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'rate-limit') this.gate.rateLimited(error.retryAfterMs);
        throw error;
      }
    }, signal);
  }

  pausedForMs(): number {
    return this.gate.remainingMs();
  }
}

/** The endpoints of one run, by URL: judges that name the same server get the same Endpoint. */
export class Endpoints {
  private readonly byUrl = new Map<string, Endpoint>();

  /** The endpoint at this URL; its ceiling is the largest any judge sending there asks for. */
  at(url: string, ceiling: number): Endpoint {
    const known = this.byUrl.get(url);
    if (known) {
      known.limit.raiseMax(ceiling);
      return known;
    }
    const endpoint = new Endpoint(ceiling);
    this.byUrl.set(url, endpoint);
    return endpoint;
  }
}
