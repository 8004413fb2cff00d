/** Keyboard control of a d3 zoom, shared by the charts: + and − zoom, arrows pan, 0 resets. */
import { select, zoomTransform, type ZoomBehavior } from 'd3';

/** Pixels one arrow key press pans by. */
const panStep = 40;
/** Zoom factor of one + or − press. */
const zoomStep = 1.5;

/**
 * Applies the zoom key in `event` (+ or = zooms in, − or _ zooms out, the
 * arrow keys pan, 0 resets) to `behaviour` on `element`, calling `reset`
 * for 0. Returns whether the key was a zoom key, so the caller can let
 * other keys through; a zoom key's default action (scrolling) is prevented.
 */
export function zoomByKey<E extends Element>(
  event: KeyboardEvent,
  element: E,
  behaviour: ZoomBehavior<E, unknown>,
  reset: () => void,
): boolean {
  const target = select(element);
  // translateBy moves in zoomed units: divide by the scale to pan by screen pixels.
  const step = panStep / zoomTransform(element).k;
  switch (event.key) {
    case '+':
    case '=':
      behaviour.scaleBy(target, zoomStep);
      break;
    case '-':
    case '_':
      behaviour.scaleBy(target, 1 / zoomStep);
      break;
    case 'ArrowLeft':
      behaviour.translateBy(target, step, 0);
      break;
    case 'ArrowRight':
      behaviour.translateBy(target, -step, 0);
      break;
    case 'ArrowUp':
      behaviour.translateBy(target, 0, step);
      break;
    case 'ArrowDown':
      behaviour.translateBy(target, 0, -step);
      break;
    case '0':
      reset();
      break;
    default:
      return false;
  }
  event.preventDefault();
  return true;
}
