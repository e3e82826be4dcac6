-- Harvesting (docs/harvest.md): observed properties the open-data feeds need, and harvesters registered
-- through the API (those from the configuration file are not stored here).

INSERT INTO tweeling.observed_property (id, name, definition, unit_name, unit_symbol, plausible_min, plausible_max) VALUES
  ('traffic_speed',     'Average vehicle speed',                'https://tweeling.nl/def/traffic_speed',                    'kilometre per hour',        'km/h',  0,   300),
  ('O3',                'Ozone concentration',                  'http://vocab.nerc.ac.uk/collection/P01/current/CONCO3A1/', 'microgram per cubic metre', 'µg/m3', 0,   1000),
  ('NO',                'Nitrogen monoxide concentration',      'https://tweeling.nl/def/NO',                               'microgram per cubic metre', 'µg/m3', 0,   2000),
  ('NH3',               'Ammonia concentration',                'https://tweeling.nl/def/NH3',                              'microgram per cubic metre', 'µg/m3', 0,   2000),
  ('SO2',               'Sulphur dioxide concentration',        'https://tweeling.nl/def/SO2',                              'microgram per cubic metre', 'µg/m3', 0,   2000),
  ('CO',                'Carbon monoxide concentration',        'https://tweeling.nl/def/CO',                               'microgram per cubic metre', 'µg/m3', 0,   100000),
  ('water_temperature', 'Water temperature',                    'https://tweeling.nl/def/water_temperature',                'degree Celsius',            '°C',    -5,  45),
  ('precipitation',     'Precipitation amount',                 'https://tweeling.nl/def/precipitation',                    'millimetre',                'mm',    0,   500)
ON CONFLICT (id) DO NOTHING;

-- Harvesters added through POST /harvesters. Ids share one namespace with the configuration file's.
CREATE TABLE tweeling.harvester (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_-]{0,62}$'),
    type        text        NOT NULL,              -- knmi-daily, rws-waterinfo, rivm-lml, ndw-trafficspeed, sensorthings, ogcapi-features
    url         text        NOT NULL,
    every       interval,                          -- NULL: only on demand
    options     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Finding a harvester's runs: jobs of kind 'harvest' by their harvester input.
CREATE INDEX job_harvester_idx ON tweeling.job ((inputs ->> 'harvester'), created_at DESC) WHERE kind = 'harvest';
