// EcoIndex (GreenIT's method, as published in cnumr/ecoindex_reference): a page's grade from its
// DOM size, request count and transferred kilobytes, each placed in quantiles of the HTTP
// Archive. Written for Campus from the published formula.
const quantiles = {
  dom: [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601],
  requests: [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920],
  size: [0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08,
    2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26],
};

/** The position of `value` in a quantile table: i - 1 + the fraction of the way to the next bound. */
export function quantile(table, value) {
  for (let i = 1; i < table.length; i++) {
    if (value < table[i]) return i - 1 + (value - table[i - 1]) / (table[i] - table[i - 1]);
  }
  return table.length - 1;
}

export function ecoindex(dom, requests, kilobytes) {
  const score = 100 - (5 * (3 * quantile(quantiles.dom, dom) + 2 * quantile(quantiles.requests, requests) + quantile(quantiles.size, kilobytes))) / 6;
  return Math.round(score * 10) / 10;
}

export function grade(score) {
  const grades = [[80, 'A'], [70, 'B'], [55, 'C'], [40, 'D'], [25, 'E'], [10, 'F']];
  for (const [min, g] of grades) if (score > min) return g;
  return 'G';
}

/** Loads `url` in a new page of `context` (1920×1080, cache off) and measures what EcoIndex
 *  reads: requests, bytes transferred (headers included, as the method counts them), the raw
 *  bytes of the files (bodies only: the page budget), and DOM elements (an inline SVG counts as
 *  one). The page is closed after. */
export async function measure(context, url) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let requests = 0, transferred = 0, raw = 0;
  cdp.on('Network.dataReceived', (e) => { raw += e.dataLength; });
  cdp.on('Network.loadingFinished', (e) => { requests++; transferred += e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'networkidle' });
  const dom = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => !e.parentElement || !e.parentElement.closest('svg')).length);
  await page.close();
  const kb = transferred / 1024;
  const score = ecoindex(dom, requests, kb);
  return { requests, transferred, raw, dom, score, grade: grade(score) };
}
