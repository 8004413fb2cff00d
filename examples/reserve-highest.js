// The highest bid wins if it is at least 0.5: second price with a reserve, as an allocation rule.
function allocate(bids) {
  let best = -1;
  for (let i = 0; i < bids.length; i++) {
    if (bids[i] >= 0.5 && (best < 0 || bids[i] > bids[best])) best = i;
  }
  return best;
}
