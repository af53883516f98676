CREATE TABLE `circuits` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`f1db_id` text,
	`name` text NOT NULL,
	`location` text,
	`country` text,
	`lat` real,
	`lng` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circuits_ref_unique` ON `circuits` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `circuits_f1db_id_unique` ON `circuits` (`f1db_id`);--> statement-breakpoint
CREATE TABLE `constructor_seasons` (
	`season` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`name` text NOT NULL,
	`colour` text NOT NULL,
	PRIMARY KEY(`season`, `constructor_id`),
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `constructor_standings` (
	`race_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`points` real NOT NULL,
	`position` integer,
	`position_text` text,
	`wins` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `constructor_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `constructors` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`f1db_id` text,
	`name` text NOT NULL,
	`nationality` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `constructors_ref_unique` ON `constructors` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `constructors_f1db_id_unique` ON `constructors` (`f1db_id`);--> statement-breakpoint
CREATE TABLE `driver_seasons` (
	`season` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`number` integer,
	`code` text,
	PRIMARY KEY(`season`, `driver_id`, `constructor_id`),
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `driver_standings` (
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`points` real NOT NULL,
	`position` integer,
	`position_text` text,
	`wins` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `driver_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drivers` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`f1db_id` text,
	`number` integer,
	`code` text,
	`forename` text NOT NULL,
	`surname` text NOT NULL,
	`name_ascii` text NOT NULL,
	`dob` text,
	`nationality` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drivers_ref_unique` ON `drivers` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `drivers_f1db_id_unique` ON `drivers` (`f1db_id`);--> statement-breakpoint
CREATE INDEX `drivers_code` ON `drivers` (`code`);--> statement-breakpoint
CREATE INDEX `drivers_surname` ON `drivers` (`surname`);--> statement-breakpoint
CREATE TABLE `imports` (
	`dataset` text PRIMARY KEY NOT NULL,
	`rows` integer NOT NULL,
	`flagged` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`issues` text,
	`sha256` text NOT NULL,
	`imported_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `laps` (
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`lap` integer NOT NULL,
	`position` integer,
	`time_ms` integer,
	`sector1_ms` integer,
	`sector2_ms` integer,
	`sector3_ms` integer,
	`i1_speed` real,
	`i2_speed` real,
	`st_speed` real,
	`compound` text,
	`tyre_life` integer,
	`stint` integer,
	`fresh_tyre` integer,
	`track_status` text,
	`pit_in` integer,
	`pit_out` integer,
	`is_accurate` integer,
	`source` text NOT NULL,
	`flag` text,
	PRIMARY KEY(`race_id`, `driver_id`, `lap`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `laps_race_lap` ON `laps` (`race_id`,`lap`);--> statement-breakpoint
CREATE TABLE `pit_stops` (
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`stop` integer NOT NULL,
	`lap` integer NOT NULL,
	`time_of_day` text,
	`duration_ms` integer,
	`source` text NOT NULL,
	`flag` text,
	PRIMARY KEY(`race_id`, `driver_id`, `stop`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `qualifying` (
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`number` integer,
	`position` integer,
	`q1_ms` integer,
	`q2_ms` integer,
	`q3_ms` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `driver_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qualifying_driver` ON `qualifying` (`driver_id`);--> statement-breakpoint
CREATE TABLE `races` (
	`id` integer PRIMARY KEY NOT NULL,
	`season` integer NOT NULL,
	`round` integer NOT NULL,
	`circuit_id` integer NOT NULL,
	`name` text NOT NULL,
	`date` text NOT NULL,
	`time` text,
	`laps` integer,
	`sprint_weekend` integer DEFAULT false NOT NULL,
	`openf1_meeting_key` integer,
	`f1db_id` text,
	FOREIGN KEY (`circuit_id`) REFERENCES `circuits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `races_season_round` ON `races` (`season`,`round`);--> statement-breakpoint
CREATE TABLE `results` (
	`race_id` integer NOT NULL,
	`session` text NOT NULL,
	`position_order` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`number` integer,
	`grid` integer NOT NULL,
	`position` integer,
	`position_text` text NOT NULL,
	`points` real NOT NULL,
	`laps` integer NOT NULL,
	`time_ms` integer,
	`status` text NOT NULL,
	`fastest_lap` integer,
	`fastest_lap_rank` integer,
	`fastest_lap_time_ms` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `session`, `position_order`, `driver_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `results_driver` ON `results` (`driver_id`,`session`);--> statement-breakpoint
CREATE INDEX `results_constructor` ON `results` (`constructor_id`,`session`);--> statement-breakpoint
CREATE TABLE `seasons` (
	`year` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`race_id` integer NOT NULL,
	`kind` text NOT NULL,
	`starts_at` text,
	`openf1_session_key` integer,
	PRIMARY KEY(`race_id`, `kind`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `starting_grid` (
	`race_id` integer NOT NULL,
	`session` text NOT NULL,
	`driver_id` integer NOT NULL,
	`position` integer,
	`pit_lane` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `session`, `driver_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stints` (
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`stint` integer NOT NULL,
	`compound` text,
	`lap_start` integer NOT NULL,
	`lap_end` integer NOT NULL,
	`tyre_age_at_start` integer,
	`fresh` integer,
	`source` text NOT NULL,
	`flag` text,
	PRIMARY KEY(`race_id`, `driver_id`, `stint`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `weather` (
	`race_id` integer PRIMARY KEY NOT NULL,
	`air_temp_min` real,
	`air_temp_mean` real,
	`air_temp_max` real,
	`track_temp_min` real,
	`track_temp_mean` real,
	`track_temp_max` real,
	`rainfall` integer,
	`humidity_mean` real,
	`wind_speed_mean` real,
	`source` text NOT NULL,
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
