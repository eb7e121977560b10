// Server entry of the render bundle: synth imports it once and renders routes in-process, no HTTP.
import { createApp } from 'astro/app/entrypoint';

const app = createApp({ streaming: false });

/** Renders one route to its status and bytes; `locals.journey` carries the page's data. */
export async function renderRoute(pathname: string, locals: object): Promise<{ status: number; body: Uint8Array }> {
  const request = new Request(new URL(pathname, 'http://journey.invalid'));
  const routeData = app.match(request, true);
  const response = await app.render(request, { routeData, locals });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}
