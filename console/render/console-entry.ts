// Server entry of the operator console's bundle: the console server renders its pages in-process,
// handing each page its data in `locals.console`.
import { createApp } from 'astro/app/entrypoint';

const app = createApp({ streaming: false });

/** Renders `pathname` (below /console/) to its status and HTML; undefined when no page matches. */
export async function renderConsole(pathname: string, locals: object): Promise<{ status: number; body: string } | undefined> {
  const request = new Request(new URL(pathname, 'http://console.invalid'));
  const routeData = app.match(request, true);
  if (!routeData) return undefined;
  const response = await app.render(request, { routeData, locals });
  return { status: response.status, body: await response.text() };
}
