// The harness is one big module (MapLibre inside) that creates the map as soon as it runs; the
// console's first chunk starts the GPU warm-up long before its map chunk has loaded (main.tsx,
// decision 0445). This small module runs first, so the harness times what the console does.
import { warmUpGpu } from '../src/app/gpu-warmup.ts';

warmUpGpu();
