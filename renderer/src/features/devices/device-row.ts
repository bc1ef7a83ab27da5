import type { Device, DeviceStatus } from '../../../../contract/api/devices.ts';

/**
 * A device as the renderer reads it. `Device['status']` is currently `never` because the contract
 * builds the status schema with `Type.Union(array.map(...))`, which TypeBox cannot type; this
 * restates it from the status list. `Device` stays assignable to it, so once the contract uses
 * `Type.Enum(deviceStatuses)` this alias can become plain `Device`.
 */
export type DeviceRow = Omit<Device, 'status'> & { status: DeviceStatus };
