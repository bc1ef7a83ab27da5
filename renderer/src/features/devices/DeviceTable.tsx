import type { Device } from '../../../../contract/api/devices.ts';
import { formatAbsoluteTime, formatRelativeTime } from '../../ui/relative-time.ts';
import { useNow } from '../../ui/use-now.ts';
import { StatusPill } from './StatusPill.tsx';

const speed = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

function Missing({ why }: { why: string }) {
  return (
    <span className="cell-missing" title={why}>
      —<span className="visually-hidden">{why}</span>
    </span>
  );
}

export function DeviceTable({ devices }: { devices: readonly Device[] }) {
  const now = useNow(15_000);
  return (
    <div className="device-table__scroll">
      <table className="device-table" aria-label="Vehicles">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Plate</th>
            <th scope="col">Unique ID</th>
            <th scope="col">Group</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Speed
            </th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id}>
              <th scope="row" className="device-table__name">
                {device.name}
              </th>
              <td className="mono">{device.plate ?? <Missing why="No plate" />}</td>
              <td className="mono muted">{device.uniqueId}</td>
              <td>{device.groupName ?? <Missing why="No group" />}</td>
              <td>
                <StatusPill status={device.status} />
              </td>
              <td className="numeric">
                {device.position ? `${speed.format(device.position.speedKmh)} km/h` : <Missing why="No position yet" />}
              </td>
              <td>
                <time dateTime={device.lastSeenAt ?? undefined} title={formatAbsoluteTime(device.lastSeenAt)}>
                  {formatRelativeTime(device.lastSeenAt, now)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
