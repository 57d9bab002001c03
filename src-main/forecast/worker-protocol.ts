import type {
  ForecastModel,
  ForecastOptions,
  ForecastSite,
  HourlyCount,
} from '../../src-shared/domain/forecast';

/** What the retraining worker is given (as workerData) and what it posts back. */
export interface RetrainJob {
  series: HourlyCount[];
  site: ForecastSite;
  options?: ForecastOptions;
}

export type RetrainMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; model: ForecastModel }
  | { type: 'failed'; error: string };
