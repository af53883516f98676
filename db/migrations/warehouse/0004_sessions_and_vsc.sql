-- Existing laps and stints are all Grand Prix laps: they become session 'race'.
CREATE TABLE `session_results` (
	`race_id` integer NOT NULL,
	`session` text NOT NULL,
	`driver_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`number` integer,
	`position` integer,
	`position_text` text NOT NULL,
	`time_ms` integer,
	`gap_ms` integer,
	`laps` integer,
	`q1_ms` integer,
	`q2_ms` integer,
	`q3_ms` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `session`, `driver_id`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_results_driver` ON `session_results` (`driver_id`,`session`);--> statement-breakpoint
CREATE TABLE `virtual_safety_cars` (
	`race_id` integer NOT NULL,
	`period` integer NOT NULL,
	`first_lap` integer NOT NULL,
	`last_lap` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `period`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_laps` (
	`race_id` integer NOT NULL,
	`session` text DEFAULT 'race' NOT NULL,
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
	`end_time_ms` integer,
	`source` text NOT NULL,
	`flag` text,
	PRIMARY KEY(`race_id`, `session`, `driver_id`, `lap`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_laps`("race_id", "session", "driver_id", "lap", "position", "time_ms", "sector1_ms", "sector2_ms", "sector3_ms", "i1_speed", "i2_speed", "st_speed", "compound", "tyre_life", "stint", "fresh_tyre", "track_status", "pit_in", "pit_out", "is_accurate", "end_time_ms", "source", "flag") SELECT "race_id", 'race', "driver_id", "lap", "position", "time_ms", "sector1_ms", "sector2_ms", "sector3_ms", "i1_speed", "i2_speed", "st_speed", "compound", "tyre_life", "stint", "fresh_tyre", "track_status", "pit_in", "pit_out", "is_accurate", "end_time_ms", "source", "flag" FROM `laps`;--> statement-breakpoint
DROP TABLE `laps`;--> statement-breakpoint
ALTER TABLE `__new_laps` RENAME TO `laps`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_stints` (
	`race_id` integer NOT NULL,
	`session` text DEFAULT 'race' NOT NULL,
	`driver_id` integer NOT NULL,
	`stint` integer NOT NULL,
	`compound` text,
	`lap_start` integer NOT NULL,
	`lap_end` integer NOT NULL,
	`tyre_age_at_start` integer,
	`fresh` integer,
	`source` text NOT NULL,
	`flag` text,
	PRIMARY KEY(`race_id`, `session`, `driver_id`, `stint`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_stints`("race_id", "session", "driver_id", "stint", "compound", "lap_start", "lap_end", "tyre_age_at_start", "fresh", "source", "flag") SELECT "race_id", 'race', "driver_id", "stint", "compound", "lap_start", "lap_end", "tyre_age_at_start", "fresh", "source", "flag" FROM `stints`;--> statement-breakpoint
DROP TABLE `stints`;--> statement-breakpoint
ALTER TABLE `__new_stints` RENAME TO `stints`;