// Bailey–Cavallo: give every agent m/n of the (m+1)-th highest of the others' bids.
// It never runs a deficit, so the waterfilling fix leaves it unchanged.
function rebate(others, n, m) {
  return (m / n) * others[m];
}
