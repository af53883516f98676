CREATE TABLE `circuits` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`name` text NOT NULL,
	`location` text,
	`country` text,
	`lat` real,
	`lng` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circuits_ref_unique` ON `circuits` (`ref`);--> statement-breakpoint
CREATE TABLE `constructors` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`name` text NOT NULL,
	`nationality` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `constructors_ref_unique` ON `constructors` (`ref`);--> statement-breakpoint
CREATE TABLE `drivers` (
	`id` integer PRIMARY KEY NOT NULL,
	`ref` text NOT NULL,
	`number` integer,
	`code` text,
	`forename` text NOT NULL,
	`surname` text NOT NULL,
	`dob` text,
	`nationality` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drivers_ref_unique` ON `drivers` (`ref`);--> statement-breakpoint
CREATE TABLE `imports` (
	`dataset` text PRIMARY KEY NOT NULL,
	`rows` integer NOT NULL,
	`sha256` text NOT NULL,
	`imported_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `races` (
	`id` integer PRIMARY KEY NOT NULL,
	`season` integer NOT NULL,
	`round` integer NOT NULL,
	`circuit_id` integer NOT NULL,
	`name` text NOT NULL,
	`date` text NOT NULL,
	`time` text,
	FOREIGN KEY (`circuit_id`) REFERENCES `circuits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `races_season_round` ON `races` (`season`,`round`);--> statement-breakpoint
CREATE TABLE `results` (
	`id` integer PRIMARY KEY NOT NULL,
	`race_id` integer NOT NULL,
	`driver_id` integer NOT NULL,
	`constructor_id` integer NOT NULL,
	`number` integer,
	`grid` integer NOT NULL,
	`position` integer,
	`position_text` text NOT NULL,
	`position_order` integer NOT NULL,
	`points` real NOT NULL,
	`laps` integer NOT NULL,
	`time_ms` integer,
	`fastest_lap` integer,
	`fastest_lap_rank` integer,
	`fastest_lap_time` text,
	`status_id` integer NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`constructor_id`) REFERENCES `constructors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_id`) REFERENCES `statuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `results_race` ON `results` (`race_id`,`position_order`);--> statement-breakpoint
CREATE INDEX `results_driver` ON `results` (`driver_id`);--> statement-breakpoint
CREATE TABLE `statuses` (
	`id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL
);
