// autocannon 8 ships no types; this declares the part the benchmark uses.
declare module 'autocannon' {
  export interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  export interface Result {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }
  export interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }
  export interface Options {
    url: string;
    connections?: number;
    amount?: number;
    duration?: number;
    overallRate?: number;
    pipelining?: number;
    requests?: (RawRequest & { setupRequest?: (req: RawRequest) => RawRequest; onResponse?: (status: number, body: string) => void })[];
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
