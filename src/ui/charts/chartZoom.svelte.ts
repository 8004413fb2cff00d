/** The zoom and pan the interactive charts share: d3-zoom on one element, its transform as state. */
import { select, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { zoomByKey } from './zoomKeys.ts';

export class ChartZoom<E extends Element> {
  transform = $state.raw<ZoomTransform>(zoomIdentity);
  /** Whether the view differs from the whole chart (then a reset is offered). */
  readonly zoomed = $derived(this.transform.k !== 1 || this.transform.x !== 0 || this.transform.y !== 0);
  #target: { element: E; behaviour: ZoomBehavior<E, unknown> } | null = null;

  /**
   * Puts `behaviour` on `element`; `onzoom` sees each new transform just
   * before it becomes `transform`. Returns the teardown, for an $effect.
   */
  attach(
    element: E,
    behaviour: ZoomBehavior<E, unknown>,
    onzoom: (next: ZoomTransform) => void = () => {},
  ): () => void {
    behaviour.on('zoom', (event: { transform: ZoomTransform }) => {
      onzoom(event.transform);
      this.transform = event.transform;
    });
    select(element).call(behaviour);
    this.#target = { element, behaviour };
    return () => {
      select(element).on('.zoom', null);
      this.#target = null;
    };
  }

  /** Brings back the whole chart. */
  reset(): void {
    if (this.#target) this.#target.behaviour.transform(select(this.#target.element), zoomIdentity);
  }

  /** Pans so that the chart point (x, y) is in the middle of the view. */
  centreOn(x: number, y: number): void {
    if (this.#target) this.#target.behaviour.translateTo(select(this.#target.element), x, y);
  }

  /** Applies a zoom key (see zoomByKey); `reset` runs for 0. Returns whether the key was one. */
  keydown(event: KeyboardEvent, reset: () => void = () => this.reset()): boolean {
    return this.#target ? zoomByKey(event, this.#target.element, this.#target.behaviour, reset) : false;
  }
}
