// `loadedSources`: the source files named by the debug information of the
// loaded modules, mapped through the source map; files that are on this
// machine come first, the others are de-emphasised (their module was built
// elsewhere, e.g. the C library).
import type { DebugProtocol } from '@vscode/debugprotocol';
import path from 'node:path';
import type { RequestHandler } from './requestHandler';

type Body = DebugProtocol.LoadedSourcesResponse['body'];

export const loadedSources: RequestHandler<DebugProtocol.LoadedSourcesArguments, Body> = async (_args, ctx) => {
  const helper = ctx.helper('loadedSources');
  const answer = await helper.request('loadedSources', {});
  return {
    sources: answer.sources.map((source): DebugProtocol.Source => {
      const local = ctx.paths.toLocal(source.path);
      const result: DebugProtocol.Source = { name: path.basename(local), path: local };
      if (!source.exists) {
        result.presentationHint = 'deemphasize';
        result.origin = `${source.module} (source not on this machine)`;
      }
      return result;
    }),
  };
};
