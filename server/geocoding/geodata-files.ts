import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** resources/geodata/gothenburg-roads.json (built by resources/geodata/build-geodata.ts). */
export interface RoadsFile {
  attribution: string;
  classes: string[];
  /** Classes before this index are drivable; the rest are kept only when named. */
  drivableClassCount: number;
  names: string[];
  refs: string[];
  /** 1e-6° integers, delta-encoded. */
  nodeLon: number[];
  nodeLat: number[];
  ways: {
    cls: number[];
    /** Index into names, -1 = none. */
    name: number[];
    ref: number[];
    /** Posted limit in km/h, 0 = not tagged. */
    maxspeed: number[];
    /** 1: only in the order of its nodes. */
    oneway: number[];
    /** 1: a car may use it (routing, posted limits). */
    routable: number[];
    /** Index into the localities file, -1 = none. */
    locality: number[];
    nodeCount: number[];
  };
  wayNodes: number[];
}

/** resources/geodata/localities.json: GeoNames towns and districts, most populous first. */
export interface LocalitiesFile {
  attribution: string;
  countries: string[];
  id: number[];
  name: string[];
  country: string[];
  feature: string[];
  population: number[];
  /** 1e-5° integers. */
  lat: number[];
  lon: number[];
  /** Other names people search by, per locality index. */
  aliases: Record<string, string[]>;
}

export const geodataDir = join(import.meta.dirname, '../../resources/geodata');

export function readRoadsFile(path = join(geodataDir, 'gothenburg-roads.json')): RoadsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as RoadsFile;
}

export function readLocalitiesFile(path = join(geodataDir, 'localities.json')): LocalitiesFile {
  return JSON.parse(readFileSync(path, 'utf8')) as LocalitiesFile;
}
