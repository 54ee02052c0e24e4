import type { GraphDoc } from '../graph/schema';

export interface PresetInfo {
  /** Stable id used by `stride summary preset:<id>` and the gallery. */
  readonly id: string;
  readonly name: string;
  readonly year: number;
  /** A few sentences for the teaching views: what is faithful to the reference and what is simplified. */
  readonly description: string;
  /** The published result the architecture is known for. */
  readonly headline: string;
  build(): GraphDoc;
}
