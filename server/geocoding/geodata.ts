import { BuiltinGeocoder } from './builtin-geocoder.ts';
import { readLocalitiesFile, readRoadsFile } from './geodata-files.ts';
import { LocalityIndex } from './localities.ts';
import { PlaceSearch } from './place-search.ts';
import { RoadIndex } from './road-index.ts';
import { RoadRouter } from './road-router.ts';

/** Everything built from the shipped geodata, once per process (~150 ms, ~30 MB). */
export interface Geodata {
  roads: RoadIndex;
  localities: LocalityIndex;
  geocoder: BuiltinGeocoder;
  search: PlaceSearch;
  router: RoadRouter;
}

let loaded: Geodata | undefined;
let searchIndex: PlaceSearch | undefined;
let router: RoadRouter | undefined;

/**
 * The process's geodata. Road and locality indexes load on first use (ingest's posted-limit
 * check needs them); search and routing are built the first time a request asks for them.
 */
export function geodata(): Geodata {
  if (!loaded) {
    const roads = new RoadIndex(readRoadsFile());
    const localities = new LocalityIndex(readLocalitiesFile());
    const geocoder = new BuiltinGeocoder(roads, localities);
    loaded = {
      roads, localities, geocoder,
      get search() {
        searchIndex ??= new PlaceSearch(roads, localities);
        return searchIndex;
      },
      get router() {
        router ??= new RoadRouter(roads);
        return router;
      },
    };
  }
  return loaded;
}
