/**
 * `--max-cost`: a request is sent only if what was spent, plus what requests in flight may still
 * cost, plus its own estimate stays within the budget. Replies settle at their reported cost.
 */
export class CostBudget {
  private reserved = 0;

  constructor(
    readonly limit: number,
    private spent: number,
  ) {}

  get spentSoFar(): number {
    return this.spent;
  }

  /** Reserves the estimate and returns true, or returns false when the request would pass the budget. */
  reserve(estimate: number): boolean {
    if (this.spent + this.reserved + estimate > this.limit) return false;
    this.reserved += estimate;
    return true;
  }

  settle(estimate: number, actual: number): void {
    this.reserved -= estimate;
    this.spent += actual;
  }
}
